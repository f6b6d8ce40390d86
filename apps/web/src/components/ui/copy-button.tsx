"use client";

import { useState } from "react";
import { Button } from "./button.tsx";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      onClick={() =>
        void navigator.clipboard
          .writeText(value)
          .catch(() => undefined)
          .then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          })
      }
    >
      {copied ? "Copied" : label}
    </Button>
  );
}
