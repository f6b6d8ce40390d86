export function EntryIcon({
  icon,
  name,
  size = "md",
}: {
  icon?: string | undefined;
  name: string;
  size?: "md" | "lg";
}) {
  const box = size === "lg" ? "size-14 text-3xl" : "size-10 text-xl";
  if (icon?.startsWith("http")) {
    return (
      <img
        src={icon}
        alt=""
        className={`${box} rounded-lg bg-white object-contain p-1 ring-1 ring-zinc-200 dark:ring-zinc-700`}
      />
    );
  }
  return (
    <span
      aria-hidden
      className={`${box} flex shrink-0 items-center justify-center rounded-lg bg-zinc-100 ring-1 ring-zinc-200 dark:bg-zinc-800 dark:ring-zinc-700`}
    >
      {icon ?? name.slice(0, 1).toUpperCase()}
    </span>
  );
}
