import { Banner } from '../ui/index.ts';
import { useKeychain } from '../data/index.ts';

/** Says, in one line, when no OS keychain answers: then no secret can be stored (there is no plain-text fallback). */
export function KeychainBanner() {
  const keychain = useKeychain();
  if (!keychain || keychain.available) return null;
  return (
    <div className="page-banner">
      <Banner tone="danger" title="No OS keychain answers: secrets cannot be stored">
        {keychain.message} Dockhand keeps secrets only in the keychain, never in a file.
      </Banner>
    </div>
  );
}
