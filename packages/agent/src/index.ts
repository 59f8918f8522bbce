// Public API of @weft/agent. Every export is named; see README.md.
export {};
