import { notFound } from "next/navigation";
import { AppError } from "@/server/errors.ts";

/** A page's lookup, answering the 404 page when it fails with an AppError (missing, or not the user's to see). */
export function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  return lookup.catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
}
