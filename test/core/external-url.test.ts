import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../electron/main/external-url.ts';

describe('links opened in the OS browser', () => {
  it.each(['https://docs.anthropic.com/en/docs', 'http://example.com/a?b=c#d'])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-settings:privacy',
    'app://dockhand/index.html',
    'https://user:secret@example.com/',
    'https:',
    '//example.com/',
    'example.com',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});
