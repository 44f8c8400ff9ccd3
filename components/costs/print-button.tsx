"use client";

/** Prints the page for a review deck (controls are hidden by the print stylesheet). */
export function PrintButton() {
  return (
    <button type="button" className="btn" onClick={() => window.print()}>
      Print
    </button>
  );
}
