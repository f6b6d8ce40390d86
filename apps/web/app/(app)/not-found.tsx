import { NotFoundMessage } from "@/components/not-found-message.tsx";

export const metadata = { title: "Page not found" };

/** A page that answered 404 (a missing connector, or an admin page for a member): inside the app's frame. */
export default function NotFound() {
  return <NotFoundMessage />;
}
