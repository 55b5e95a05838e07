"""zvh: registration and triage for Dutch Zorg- en Veiligheidshuizen."""
