"""Every query lives here. Functions take a Session, flush, and never commit."""
