"""Where workbooks live: local .xlsx files and Google Sheets, behind one small interface."""
