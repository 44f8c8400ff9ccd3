import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="signin">
      <div className="card empty">
        <h2>403 — not allowed</h2>
        <p>Your role does not give access to this page. Ask an admin if you need it.</p>
        <Link href="/" className="btn">Back to the overview</Link>
      </div>
    </div>
  );
}
