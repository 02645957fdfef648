"""Bringing a network in: contacts and meetings from LinkedIn, address books and calendars.

Layers: ``files`` recognises a file and reads it into ``records`` (``contact_csv``,
``vcards``, ``ical``); ``merge`` plans the edits against the plan as read (pure, over
``sheets``); ``run`` reads the plan, merges and writes through the target's
``apply_input_edits`` (``targets``). Nothing is imported here, so that ``netplan --help``
does not load the calendar and vCard parsers.
"""
