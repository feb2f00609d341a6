import { Unavailable } from "./errors";

/**
 * Fail closed on configuration: a required secret that is not set makes the feature that needs it
 * answer 503 `missing_secret`, naming the setting (never its value), instead of running on a
 * default that anyone can read in the source.
 */
export function missingSecret(setting: string, detail = `This deployment is missing the secret ${setting}`): Unavailable {
  return new Unavailable(detail, { code: "missing_secret", setting });
}
