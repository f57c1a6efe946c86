"""Phase 2, first part: the open call, the application (the intake questionnaire with its
1-5 skill self-ratings), the candidates and their statuses, imports and exports, and the
facts the HR directory adds. Nothing here knows about pairs: pairing builds on it."""
