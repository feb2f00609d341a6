// Tables of the recon layer (owned by that layer's issue).
export {};
