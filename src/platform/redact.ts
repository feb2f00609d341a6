/**
 * The Salesforce endpoint carries its secret token in the path (Salesforce Outbound Messaging can
 * neither sign nor send headers): never echo or log it. Works on a bare path or a whole URL, with
 * repeated slashes, any letter case and a query string after the token, anywhere in the text.
 */
const SALESFORCE_TOKEN = /(\/+webhooks\/+salesforce\/+)[^/?#\s"']+/gi;

export function redactPath(path: string): string {
  return path.replace(SALESFORCE_TOKEN, "$1***");
}
