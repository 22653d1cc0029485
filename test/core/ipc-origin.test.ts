import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, originOf } from '../../electron/main/origin.ts';

describe('sender origin check', () => {
  const allowed = ['app://dockhand', 'http://localhost:5173'];

  it('reads scheme and host, also for the app:// scheme', () => {
    expect(originOf('app://dockhand/index.html#x')).toBe('app://dockhand');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('not a url')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
  });

  it.each(['app://dockhand/', 'app://dockhand/index.html?x=1', 'app://DOCKHAND/index.html', 'http://localhost:5173/'])('accepts %s', (url) => {
    expect(isAllowedOrigin(url, allowed)).toBe(true);
  });

  it.each([
    'https://dockhand/index.html',
    'app://dockhand.evil.example/',
    'app://evil.example/app://dockhand/',
    'http://localhost:5174/',
    'http://localhost/',
    'file:///work/out/renderer/index.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    '',
    null,
    undefined,
  ])('refuses %s', (url) => {
    expect(isAllowedOrigin(url, allowed)).toBe(false);
  });
});
