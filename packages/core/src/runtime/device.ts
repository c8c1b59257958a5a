import UAParser from 'ua-parser-js';

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'other';

export interface DeviceInfo {
  readonly browser: string | null;
  readonly os: string | null;
  readonly deviceType: DeviceType;
}

/**
 * Device details of a session, parsed from its user agent (ua-parser-js 1.x, MIT). A user agent
 * the parser names no device class for is a desktop when it names a browser or an OS; anything
 * else (no user agent, a script, a console, a TV) is "other".
 */
export function parseDevice(userAgent: string | null | undefined): DeviceInfo {
  if (!userAgent) return { browser: null, os: null, deviceType: 'other' };
  const result = new UAParser(userAgent.slice(0, 1024)).getResult();
  const browser = result.browser.name ?? null;
  const os = result.os.name ?? null;
  let deviceType: DeviceType;
  switch (result.device.type) {
    case 'mobile':
    case 'wearable':
      deviceType = 'mobile';
      break;
    case 'tablet':
      deviceType = 'tablet';
      break;
    case undefined:
      deviceType = browser || os ? 'desktop' : 'other';
      break;
    default:
      deviceType = 'other';
  }
  return { browser, os, deviceType };
}
