// Bench settings: a command-line flag (`--seconds 10`, `--seconds=10`) wins over an environment
// variable (LOAD_SECONDS=10), which wins over the default. Unknown flags are refused so a typo
// does not silently run the full-size default.

export class SettingsError extends Error {}

export interface SettingSpec {
  /** Environment variable, e.g. LOAD_SECONDS. */
  env: string;
  /** Flag without dashes, e.g. seconds. */
  flag: string;
  default: number;
  min: number;
  max: number;
  help: string;
}

export function parseFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new SettingsError(`unexpected argument "${a}"`);
    const eq = a.indexOf("=");
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), "true");
  }
  return flags;
}

/** Reads numeric settings; `--help` prints them and exits. */
export function readSettings<K extends string>(
  specs: Record<K, SettingSpec>,
  opts: { argv?: string[]; env?: NodeJS.ProcessEnv; usage: string },
): Record<K, number> {
  const argv = opts.argv ?? process.argv.slice(2);
  const env = opts.env ?? process.env;
  const flags = parseFlags(argv);
  if (flags.has("help")) {
    console.log(opts.usage);
    for (const s of Object.values(specs) as SettingSpec[]) {
      console.log(`  --${s.flag.padEnd(12)} ${s.env.padEnd(24)} ${s.help} (default ${s.default})`);
    }
    process.exit(0);
  }
  const known = new Set((Object.values(specs) as SettingSpec[]).map((s) => s.flag));
  for (const f of flags.keys()) if (!known.has(f)) throw new SettingsError(`unknown flag --${f} (try --help)`);
  const out = {} as Record<K, number>;
  for (const [key, s] of Object.entries(specs) as Array<[K, SettingSpec]>) {
    const raw = flags.get(s.flag) ?? env[s.env];
    if (raw === undefined || raw === "") {
      out[key] = s.default;
      continue;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < s.min || n > s.max) {
      throw new SettingsError(`${s.env} / --${s.flag} must be a number between ${s.min} and ${s.max}, not "${raw}"`);
    }
    out[key] = n;
  }
  return out;
}
