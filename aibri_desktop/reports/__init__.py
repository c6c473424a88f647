"""PDF briefs built with ReportLab from domain objects. No Qt, no database."""
