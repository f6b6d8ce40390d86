"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button.tsx";

export function SsoButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  return (
    <Button type="button" variant="secondary" className="w-full" onClick={() => void signIn("oidc", { callbackUrl })}>
      Continue with {name}
    </Button>
  );
}
