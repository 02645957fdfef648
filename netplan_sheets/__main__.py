from netplan_sheets.cli import main

main()
