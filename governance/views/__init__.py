"""Pages of the cooperative's democracy, one module per page family. Views parse, authorize
(``governance.access``), call one action (``governance.actions``) or read
(``governance.queries``), and render."""
