/** A CSV download of the table next to it; hidden when printing. */
export function CsvLink({ href, label = "Download CSV" }: { href: string; label?: string }) {
  return (
    <a className="btn no-print" href={href} download>
      {label}
    </a>
  );
}
