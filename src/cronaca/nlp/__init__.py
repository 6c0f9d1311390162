"""Language analysis stages: language identification, tokens and sentences, datelines, entities."""
