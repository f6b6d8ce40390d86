import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/current-user.ts";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await getCurrentUser()) ? "/catalog" : "/sign-in");
}
