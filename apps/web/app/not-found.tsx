import { Logo } from "@/components/logo.tsx";
import { NotFoundMessage } from "@/components/not-found-message.tsx";

export const metadata = { title: "Page not found" };

/** An address no route matches: outside the app's frame, so it must offer its own way back. */
export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo />
      <NotFoundMessage />
    </main>
  );
}
