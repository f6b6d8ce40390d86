import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";

/** What a missing page says, inside the app's frame or on its own: what may have happened, and a way on. */
export function NotFoundMessage() {
  return (
    <div className="flex flex-col items-center px-6 py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-500 dark:text-zinc-400">
        The address may be mistyped, or what it pointed to was removed or is not shared with you.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href="/catalog" className={buttonClasses("primary")}>
          Go to the catalog
        </Link>
        <Link href="/connectors" className={buttonClasses("secondary")}>
          Your connectors
        </Link>
      </div>
    </div>
  );
}
