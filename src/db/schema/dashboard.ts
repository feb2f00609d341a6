// Tables of the dashboard layer (owned by that layer's issue).
export {};
