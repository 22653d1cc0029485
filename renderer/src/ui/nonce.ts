/**
 * This page's style nonce: the CSP allows a <style> element only with it. The server writes a fresh
 * one into the page per response (a `csp-nonce` meta tag); components that add <style> pass it on.
 */
export const CSP_NONCE: string | undefined = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
