// Keeps package-lock.json installable on every platform. This network's npm registry mirror
// lacks turbo's macOS and Windows binaries, so an `npm install` made here drops their lock
// entries and `npm ci` then refuses the lockfile ("Missing: @turbo/darwin-64"). The entries
// are optional and platform-gated: npm never installs them on Linux. Runs as root postinstall.
import fs from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const PLATFORMS = {
  'darwin-64': { os: ['darwin'], cpu: ['x64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'windows-64': { os: ['win32'], cpu: ['x64'] },
  'windows-arm64': { os: ['win32'], cpu: ['arm64'] },
};

const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'));
const turbo = lock.packages?.['node_modules/turbo'];
if (turbo) {
  let added = 0;
  for (const [suffix, gate] of Object.entries(PLATFORMS)) {
    const name = `@turbo/${suffix}`;
    const key = `node_modules/${name}`;
    const version = turbo.optionalDependencies?.[name];
    if (!version || lock.packages[key]) continue;
    lock.packages[key] = { version, dev: true, license: 'MIT', optional: true, ...gate };
    added++;
  }
  if (added > 0) {
    lock.packages = Object.fromEntries(
      Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
    );
    fs.writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
    console.log(`package-lock.json: restored ${added} platform entries for turbo`);
  }
}
