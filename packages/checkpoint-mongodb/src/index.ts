// Public API of @weft/checkpoint-mongodb. Every export is named; see README.md.
export {};
