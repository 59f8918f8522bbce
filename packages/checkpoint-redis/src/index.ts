// Public API of @weft/checkpoint-redis. Every export is named; see README.md.
export {};
