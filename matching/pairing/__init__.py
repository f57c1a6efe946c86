"""Phase 2, second part: the criteria, the engine and its proposals, the published pairs
and their lives, and mentees who rank or ask their mentors. It builds on the intake
(candidates), never the other way round (an import-linter contract)."""
