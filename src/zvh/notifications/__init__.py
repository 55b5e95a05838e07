"""Messages to people outside the closed network: e-mails carry a reference and a link only."""
