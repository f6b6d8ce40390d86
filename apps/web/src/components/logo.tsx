export function Logo({ className = "" }: { className?: string }) {
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      <svg viewBox="0 0 32 32" aria-hidden className="size-8">
        <rect width="32" height="32" rx="8" className="fill-indigo-600" />
        <circle cx="10" cy="11" r="3" fill="white" />
        <circle cx="10" cy="21" r="3" fill="white" />
        <circle cx="22" cy="16" r="3" fill="white" />
        <path d="M12.5 12.5 19.5 15M12.5 19.5l7-3" stroke="white" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className="text-lg font-semibold tracking-tight">Switchboard</span>
    </div>
  );
}
