"""The finance pages: invoices (staff), payments and reminders, the resident's invoice, the
invoicing settings."""
