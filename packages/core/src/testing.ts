/** Helpers for tests only (they use devDependencies): never imported by production code. */
export { type SmtpSink, startSmtpSink, tokenFromMail } from './runtime/mail/testing/smtp-sink.ts';
