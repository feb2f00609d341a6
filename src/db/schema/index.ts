// The one place D1 tables are declared, one file per layer. drizzle-kit reads this folder.
export * from "./core";
export * from "./leads";
export * from "./negotiation";
export * from "./recon";
export * from "./dashboard";
export * from "./claims";
export * from "./invoicing";
export * from "./recon-aliases";
