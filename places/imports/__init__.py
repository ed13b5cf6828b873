"""Loading places from files: any layout, merged with what is already on the site."""
