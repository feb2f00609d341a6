// Tables of the negotiation layer (owned by that layer's issue).
export {};
