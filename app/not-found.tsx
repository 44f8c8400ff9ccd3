import Link from "next/link";

export default function NotFound() {
  return (
    <div className="signin">
      <div className="card empty">
        <h2>404 — nothing here</h2>
        <p>That page or item does not exist.</p>
        <Link href="/" className="btn">Back to the overview</Link>
      </div>
    </div>
  );
}
