import Link from "next/link";
import type { ConsoleBanner as Banner } from "@/lib/console/banner";

/** Standby, superseded or no database: said on every page, in the same words as the API's refusals. */
export function ConsoleBanner({ banner, mayTakeOver }: { banner: Banner; mayTakeOver: boolean }) {
  return (
    <div role="status" data-testid="console-banner" data-kind={banner.kind} className={`alert ${banner.tone}`}>
      <strong>{banner.text}</strong>
      {banner.takeover && mayTakeOver ? (
        <div>
          {banner.takeover} <Link href="/settings#console">Take over…</Link>
        </div>
      ) : null}
    </div>
  );
}
