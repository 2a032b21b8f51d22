"""The public pages, one module per concept; ``preview`` holds what draft previews share."""
