import type { ReactNode } from "react";
import { Logo } from "@/components/logo.tsx";
import { NavLink } from "@/components/nav-link.tsx";
import { requireUser } from "@/server/auth/current-user.ts";
import { SignOutButton } from "@/modules/auth/components/sign-out-button.tsx";

export const dynamic = "force-dynamic";

const navigation = [
  { href: "/catalog", label: "Catalog", icon: "▦" },
  { href: "/connectors", label: "Connectors", icon: "⚡" },
  { href: "/gateway", label: "Gateway", icon: "⇄" },
  { href: "/teams", label: "Teams", icon: "◎" },
];
const adminLink = { href: "/admin", label: "Admin", icon: "⚙" };

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const links = user.isInstanceAdmin ? [...navigation, adminLink] : navigation;
  return (
    <div className="flex min-h-screen">
      {/* The first Tab stop, so keyboard users need not pass every navigation link on each page. */}
      <a
        href="#main"
        className="sr-only rounded-md bg-white text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-screen w-64 shrink-0 flex-col border-r border-zinc-200 bg-white px-4 py-6 md:flex dark:border-zinc-800 dark:bg-zinc-900">
        <Logo className="mb-8 px-2" />
        <nav aria-label="Main" className="flex flex-1 flex-col gap-1">
          {links.map((item) => (
            <NavLink key={item.href} href={item.href}>
              <span aria-hidden className="w-4 text-center">
                {item.icon}
              </span>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <NavLink href="/settings">
            <span
              aria-hidden
              className="flex size-6 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700 dark:bg-indigo-900 dark:text-indigo-200"
            >
              {(user.name ?? user.email).slice(0, 1).toUpperCase()}
            </span>
            <span className="min-w-0 truncate" data-testid="current-user">
              {user.name ?? user.email}
            </span>
          </NavLink>
          <SignOutButton />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        {/* Narrow screens: the sidebar's links in a row that scrolls sideways rather than widening the page. */}
        <header className="border-b border-zinc-200 bg-white md:hidden dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex items-center justify-between gap-3 px-4 pt-3">
            <Logo />
            <div className="shrink-0">
              <SignOutButton />
            </div>
          </div>
          <nav aria-label="Mobile" className="flex gap-1 overflow-x-auto px-2 py-2 whitespace-nowrap">
            {[...links, { href: "/settings", label: "Settings" }].map((item) => (
              <NavLink key={item.href} href={item.href}>
                {item.label}
              </NavLink>
            ))}
          </nav>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-6 py-10 outline-none lg:px-10">
          {children}
        </main>
      </div>
    </div>
  );
}
