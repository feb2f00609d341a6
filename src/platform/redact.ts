/** The Salesforce endpoint carries its secret token in the path: never echo or log it. */
export function redactPath(path: string): string {
  return path.replace(/^(\/webhooks\/salesforce\/)[^/]+/, "$1***");
}
