/** What a service records about the request it serves (audit, sessions). Never credentials. */
export interface RequestMeta {
  readonly requestId: string;
  readonly ip: string | undefined;
  readonly userAgent: string | undefined;
}
