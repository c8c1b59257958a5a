import { describe, expect, it } from 'vitest';
import { parseDevice } from './device.ts';

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const IPAD_SAFARI =
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1';

describe('parseDevice', () => {
  it('reads Chrome on Windows as a desktop', () => {
    expect(parseDevice(CHROME_WINDOWS)).toEqual({ browser: 'Chrome', os: 'Windows', deviceType: 'desktop' });
  });

  it('reads Safari on an iPhone as a mobile', () => {
    expect(parseDevice(IPHONE_SAFARI)).toEqual({ browser: 'Mobile Safari', os: 'iOS', deviceType: 'mobile' });
  });

  it('reads an iPad as a tablet', () => {
    expect(parseDevice(IPAD_SAFARI)).toMatchObject({ os: 'iOS', deviceType: 'tablet' });
  });

  it('gives "other" and no names when there is no user agent or nothing recognisable', () => {
    expect(parseDevice(undefined)).toEqual({ browser: null, os: null, deviceType: 'other' });
    expect(parseDevice('')).toEqual({ browser: null, os: null, deviceType: 'other' });
    expect(parseDevice('curl/8.5.0')).toEqual({ browser: null, os: null, deviceType: 'other' });
  });
});
