"""WTForms classes and builders. Imports nothing from survey_app: choices come in through
constructors and builder arguments, never from the database."""
