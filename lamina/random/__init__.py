"""`lamina.random`: seeded random ops and SeedGenerator."""
