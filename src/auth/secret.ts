// The HS256 secret. With DATABASE_URL it must be given (AUTH_JWT_SECRET, same on every replica);
// for the embedded database it is generated once and kept in DATA_DIR beside the data it protects.
import fs from "node:fs";
import path from "node:path";
import { createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { ConfigError } from "../config.js";

export function resolveJwtSecret(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.databaseUrl) throw new ConfigError("AUTH_JWT_SECRET is required with DATABASE_URL");
  const file = path.join(config.dataDir, "jwt-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`);
    }
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/**
 * The secret of the KEYED_HASH masking strategy: MASKING_SECRET, or derived from the token secret.
 * Set MASKING_SECRET in production so that rotating the token secret does not change the tokens
 * departments have joined their data on.
 */
export function resolveMaskingSecret(config: Config, jwtSecret: string): string {
  if (config.maskingSecret) return config.maskingSecret;
  return createHmac("sha256", jwtSecret).update("catalog-gateway keyed-hash masking").digest("base64url");
}
