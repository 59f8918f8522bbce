// Public API of @weft/checkpoint-postgres. Every export is named; see README.md.
export {};
