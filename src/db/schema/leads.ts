// Tables of the leads layer (owned by that layer's issue).
export {};
