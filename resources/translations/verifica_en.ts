<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="es_MX">
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../desktop/ui/inspection_form.py" line="+600"/>
        <source>Corregir el acta (enmienda)</source>
        <translation>Correct the record (amendment)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>El acta está cerrada: la corrección queda registrada aparte, con su motivo, quién la hizo y cuándo. La respuesta original no se borra.</source>
        <translation>The record is closed: the correction is recorded separately, with its reason, who made it and when. The original answer is not erased.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nuevo valor</source>
        <translation>New value</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Motivo de la corrección (obligatorio)</source>
        <translation>Reason for the correction (required)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registrar corrección</source>
        <translation>Record correction</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pregunta:</source>
        <translation>Question:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Valor actual:</source>
        <translation>Current value:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nuevo valor:</source>
        <translation>New value:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Motivo:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Escriba el motivo de la corrección.</source>
        <translation>Type the reason for the correction.</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../desktop/ui/bulk_dialogs.py" line="+160"/>
        <source>Asignar expedientes</source>
        <translation>Assign cases</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nadie (quitar asignación)</source>
        <translation>Nobody (remove the assignment)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Asignar a:</source>
        <translation>&amp;Assign to:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Asignando…</source>
        <translation>Assigning…</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <location filename="../../desktop/ui/case_detail_dialog.py" line="+86"/>
        <source>Expediente</source>
        <translation>Case</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Fecha (UTC)</source>
        <translation>Date (UTC)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>De</source>
        <translation>From</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A</source>
        <translation>To</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quién</source>
        <translation>Who</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Escriba una nota (Ctrl+Enter para agregarla)</source>
        <translation>Write a note (Ctrl+Enter adds it)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agregar nota</source>
        <translation>Add note</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Programada</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resultado</source>
        <translation>Result</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hallazgos</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Archivo</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tipo</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tamaño</source>
        <translation>Size</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Agregado</source>
        <translation>Added</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Datos</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+192"/>
        <source>D&amp;ocumentos</source>
        <translation>D&amp;ocuments</translation>
    </message>
    <message>
        <location line="-191"/>
        <source>&amp;Historial</source>
        <translation>&amp;History</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Notas</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Inspecciones</source>
        <translation>&amp;Inspections</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ad&amp;juntos</source>
        <translation>Attach&amp;ments</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Expediente {folio}</source>
        <translation>Case {folio}</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+96"/>
        <source>Sistema</source>
        <translation>System</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Pasar a:</source>
        <translation>Move to:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Solo lectura</source>
        <translation>Read only</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Atajo: Alt+{n}</source>
        <translation>Shortcut: Alt+{n}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Establecimiento</source>
        <translation>Business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Titular</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domicilio</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colonia</source>
        <translation>Neighborhood</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Giro (SCIAN)</source>
        <translation>Activity (SCIAN)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nivel de riesgo</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teléfono</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trámite</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dependencia</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asignado a</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sin asignar</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <location line="+12"/>
        <source> (opcional)</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recibido</source>
        <translation>received</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>falta</source>
        <translation>missing</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>D&amp;ocumentos ({n} faltan)</source>
        <translation>D&amp;ocuments ({n} missing)</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <location filename="../../desktop/ui/cases_model.py" line="+87"/>
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Establecimiento</source>
        <translation>Business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colonia</source>
        <translation>Neighborhood</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Antigüedad</source>
        <translation>Age (days)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Días restantes</source>
        <translation>Days left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asignado a</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>Sin fecha límite</source>
        <translation>No due date</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vencido: la fecha límite era el {date}</source>
        <translation>Overdue: the due date was {date}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vence el {date}</source>
        <translation>Due on {date}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Recibido el {date}</source>
        <translation>Received on {date}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sin asignar</source>
        <translation>Unassigned</translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <location filename="../../desktop/ui/cases_view.py" line="+170"/>
        <source>Expedientes</source>
        <extracomment>Shorter searches match too much to be useful (and cost the most): the bar shows a hint. The status chips wrap onto rows of this many.</extracomment>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Buscar por folio, establecimiento, propietario o domicilio (Ctrl+F)</source>
        <translation>Search by folio, business, owner or address (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Buscar expedientes</source>
        <translation>Search cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escriba al menos 2 caracteres para buscar.</source>
        <translation>Type at least 2 characters to search.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filtrar por estado</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Todos los estados</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filtrar por antigüedad</source>
        <translation>Filter by age</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cualquier antigüedad</source>
        <translation>Any age</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0 a 15 días</source>
        <translation>0 to 15 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>16 a 30 días</source>
        <translation>16 to 30 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>31 a 90 días</source>
        <translation>31 to 90 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Más de 90 días</source>
        <translation>Over 90 days</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filtrar por colonia</source>
        <translation>Filter by neighborhood</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Todas las colonias</source>
        <translation>All neighborhoods</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filtrar por giro SCIAN</source>
        <translation>Filter by SCIAN activity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Todos los giros</source>
        <translation>All activities</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filtrar por riesgo</source>
        <translation>Filter by risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cualquier riesgo</source>
        <translation>Any risk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Riesgo bajo</source>
        <translation>Low risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Riesgo medio</source>
        <translation>Medium risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Riesgo alto</source>
        <translation>High risk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filtrar por asignado</source>
        <translation>Filter by assignee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cualquier asignado</source>
        <translation>Any assignee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sin asignar</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Faltan &amp;documentos</source>
        <translation>Missing &amp;documents</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Vencidos</source>
        <translation>&amp;Overdue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filtros guardados</source>
        <translation>Saved filters</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Guardar…</source>
        <translation>Save…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Borrar</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Limpiar</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Guardar el filtro actual con un nombre</source>
        <translation>Save the current filter under a name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Borrar el filtro guardado elegido</source>
        <translation>Delete the chosen saved filter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quitar todos los filtros y la búsqueda</source>
        <translation>Remove every filter and the search</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Abrir expediente</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modo revisión</source>
        <translation>Review mode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asignar…</source>
        <translation>Assign…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Programar inspecciones…</source>
        <translation>Schedule inspections…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cambiar estado…</source>
        <translation>Change status…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exportar…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imprimir lista…</source>
        <translation>Print list…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Importar…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Estado:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>{shown} de 1 expediente</source>
        <translation>{shown} of 1 case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{shown} de {total} expedientes</source>
        <translation>{shown} of {total} cases</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 expediente</source>
        <translation>1 case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} expedientes</source>
        <translation>{total} cases</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Exportar expedientes</source>
        <translation>Export cases</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Imprimir lista de expedientes</source>
        <translation>Print the case list</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Exportando expedientes…</source>
        <translation>Exporting cases…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Exportación cancelada; no se escribió ningún archivo.</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lista de {n} expedientes lista para imprimir: {file}.</source>
        <translation>List of {n} cases ready to print: {file}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exportados {n} expedientes a {file}.</source>
        <translation>Exported {n} cases to {file}.</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Todavía no hay expedientes en esta carpeta de datos.
Impórtelos desde la hoja de cálculo con «Importar…» (Ctrl+I).</source>
        <translation>There are no cases in this data folder yet.
Import them from the spreadsheet with “Import…” (Ctrl+I).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ningún expediente coincide con la búsqueda o los filtros elegidos.
Pruebe con otras palabras o use «Limpiar».</source>
        <translation>No case matches the search or the chosen filters.
Try other words or use “Clear”.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Filtros guardados…</source>
        <translation>Saved filters…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Todos</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Guardar filtro</source>
        <translation>Save filter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nombre del filtro:</source>
        <translation>Filter name:</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Todos los estados ({n})</source>
        <translation>All statuses ({n})</translation>
    </message>
</context>
<context>
    <name>ComplaintScreen</name>
    <message>
        <location filename="../../desktop/ui/kiosk_screens.py" line="+364"/>
        <source>Corrupción o soborno</source>
        <translation>Corruption or bribery</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maltrato</source>
        <translation>Mistreatment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspección irregular</source>
        <translation>Irregular inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Otro</source>
        <translation>Other</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>¿Qué ocurrió? Escriba lo esencial.</source>
        <translation>What happened? Write the essentials.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Denuncia anónima</source>
        <translation>Anonymous complaint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dejar mis datos</source>
        <translation>Leave my details</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nombre</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Teléfono</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Correo electrónico</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enviar denuncia</source>
        <translation>Send complaint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Denunciar</source>
        <translation>Report</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Su denuncia llega sólo a la Contraloría municipal.</source>
        <translation>Your complaint goes only to the municipal Comptroller.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Elija el tipo de denuncia.</source>
        <translation>Choose the kind of complaint.</translation>
    </message>
</context>
<context>
    <name>ComplaintsView</name>
    <message>
        <location filename="../../desktop/ui/complaints_view.py" line="+107"/>
        <source>Denuncias</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Todos los estados</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Todos los tipos</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sólo con señales</source>
        <translation>Flagged only</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nueva denuncia…</source>
        <translation>New complaint…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Consultar folio…</source>
        <translation>Look up folio…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Señales</source>
        <translation>Flags</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recibida</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tipo</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Establecimiento</source>
        <translation>Business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vence</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Seleccione una denuncia</source>
        <translation>Select a complaint</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Estado:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tipo:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recibida por:</source>
        <translation>Received by:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recibida / hechos:</source>
        <translation>Received / happened:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lugar:</source>
        <translation>Place:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspector:</source>
        <translation>Inspector:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Establecimiento:</source>
        <translation>Business:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verificación:</source>
        <translation>Verification:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Investiga:</source>
        <translation>Investigator:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fecha límite:</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidencia:</source>
        <translation>Evidence:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Contacto de quien denuncia</source>
        <translation>Complainant&apos;s contact</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nota interna (no la ve quien denuncia)</source>
        <translation>Internal note (the complainant never sees it)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agregar nota</source>
        <translation>Add note</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lo que verá quien denuncia con su folio</source>
        <translation>What the complainant will see with the folio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Guardar respuesta pública</source>
        <translation>Save public response</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asignar</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asignar a:</source>
        <translation>Assign to:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Iniciar investigación…</source>
        <translation>Start investigation…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Procedente…</source>
        <translation>Upheld…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Improcedente…</source>
        <translation>Dismissed…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turnar…</source>
        <translation>Refer…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&lt;b&gt;Qué ocurrió&lt;/b&gt;</source>
        <translation>&lt;b&gt;What happened&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;Historial&lt;/b&gt;</source>
        <translation>&lt;b&gt;History&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Notas internas&lt;/b&gt;</source>
        <translation>&lt;b&gt;Internal notes&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Respuesta pública&lt;/b&gt;</source>
        <translation>&lt;b&gt;Public response&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Las denuncias sólo las consulta la Contraloría. Totales por estado: %1</source>
        <translation>Only the Comptroller&apos;s office can see complaints. Totals by status: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Inspector (3+)</source>
        <translation>Inspector (3+)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Negocio (2+)</source>
        <translation>Business (2+)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visitas (3+)</source>
        <translation>Visits (3+)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credencial</source>
        <translation>Badge</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>El inspector tiene 3 o más denuncias en 90 días.</source>
        <translation>The inspector has 3 or more complaints in 90 days.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>El establecimiento tiene 2 o más denuncias en 90 días.</source>
        <translation>The business has 2 or more complaints in 90 days.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>El mismo inspector visitó el establecimiento 3 o más veces en 180 días.</source>
        <translation>The same inspector visited the business 3 or more times in 180 days.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>La denuncia siguió a una verificación cuya credencial no resultó válida.</source>
        <translation>The complaint followed a verification whose badge was not valid.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 denuncias, %2 con señales</source>
        <translation>%1 complaints, %2 flagged</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Denuncia %1</source>
        <translation>Complaint %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+1"/>
        <source>(no se menciona)</source>
        <translation>(not named)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credencial válida</source>
        <translation>Valid badge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credencial NO válida</source>
        <translation>Badge NOT valid</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(sin escaneo)</source>
        <translation>(no scan)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(sin asignar)</source>
        <translation>(unassigned)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(al asignar)</source>
        <translation>(set on assignment)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(ninguna)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Denuncia anónima.</source>
        <translation>Anonymous complaint.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sólo quien investiga esta denuncia ve el contacto.</source>
        <translation>Only the investigator of this complaint sees the contact.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Recibida; sin cambios de estado.</source>
        <translation>Received; no status changes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(sin notas)</source>
        <translation>(no notes)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Motivo (queda en el historial y en la bitácora):</source>
        <translation>Reason (kept in the history and the audit log):</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="+150"/>
        <source>Resolver conflicto: {what}</source>
        <translation>Resolve conflict: {what}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Este registro se cambió en este equipo y en otro antes de sincronizar. Los campos resaltados son distintos: elija qué versión conservar en cada uno. La decisión se guarda como un cambio nuevo que se sincroniza.</source>
        <translation>This record was changed on this device and on another one before they synced. The highlighted fields differ: choose which version to keep for each. The decision is saved as a new change that syncs.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Campo</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Este equipo</source>
        <translation>This device</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Servidor</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usar este equipo</source>
        <translation>Use this device</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usar servidor</source>
        <translation>Use server</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Todo de este equipo</source>
        <translation>All from this device</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Todo del servidor</source>
        <translation>All from the server</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Guardar resolución</source>
        <translation>Save resolution</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>El servidor borró este registro; al guardar se acepta el borrado.</source>
        <translation>The server deleted this record; saving accepts the deletion.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Este equipo borró el registro y el servidor lo cambió; elija en la fila «Registro» si se borra o se conserva la versión del servidor.</source>
        <translation>This device deleted the record and the server changed it; choose in the “Record” row whether it is deleted or the server’s version is kept.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(borrado)</source>
        <translation>(deleted)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(existe)</source>
        <translation>(exists)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Registro</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Usar este equipo: {f}</source>
        <translation>Use this device: {f}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usar servidor: {f}</source>
        <translation>Use server: {f}</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../desktop/ui/dashboard_view.py" line="+146"/>
        <source>Tablero de capacidad de respuesta</source>
        <translation>Response-capacity dashboard</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>¿Cómo se calculan?</source>
        <translation>How are they computed?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Informe PDF…</source>
        <translation>PDF report…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>XLSX…</source>
        <translation>XLSX…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dependencias (ninguna marcada = todas):</source>
        <translation>Departments (none checked = all):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Desde la semana del:</source>
        <translation>From the week of:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hasta la semana del:</source>
        <translation>To the week of:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Recibidos y resueltos por semana</source>
        <translation>Received and resolved per week</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rezago al cierre de cada semana</source>
        <translation>Backlog at each week end</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiempo de respuesta (días hábiles)</source>
        <translation>Turnaround (business days)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Dependencia</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calificaciones</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rapidez</source>
        <translation>Speed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atención</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Servicio</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sin calificaciones ciudadanas en estas semanas.</source>
        <translation>No citizen ratings in these weeks.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pronóstico del rezago (todas las dependencias)</source>
        <translation>Backlog forecast (all departments)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Calificaciones ciudadanas por dependencia</source>
        <translation>Citizen ratings by department</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Semanas %1 a %2</source>
        <translation>Weeks %1 to %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(la última está en curso)</source>
        <translation>(the last one is in progress)</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Semana</source>
        <translation>Week</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+76"/>
        <source>Recibidos</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="-75"/>
        <location line="+76"/>
        <source>Resueltos</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>Cancelados</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rezago</source>
        <translation>Backlog</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vencidos</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mediana
días</source>
        <translation>Median
days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P90
días</source>
        <translation>P90
days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mediana
hábiles</source>
        <translation>Median
bus. days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P90
hábiles</source>
        <translation>P90
bus. days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En plazo</source>
        <translation>Within term</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Denuncias
recib. / resuel.</source>
        <translation>Complaints
recv. / resolved</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Mediana</source>
        <translation>Median</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P90</source>
        <translation>P90</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Cómo se calculan las cifras</source>
        <translation>How the figures are computed</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Guardar informe semanal</source>
        <translation>Save weekly report</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <location filename="../../desktop/ui/inspection_form.py" line="-354"/>
        <source>(sin respuesta)</source>
        <extracomment>Quiet typing time after which a text answer is saved even if the field is not left. Record kinds each write announces through ``runner.changed``. What ``saved``/``failed`` carry for the findings list (not a field name). select_one lists up to this long are radio buttons in a row; longer ones are a combo box.</extracomment>
        <translation>(no answer)</translation>
    </message>
    <message>
        <location line="+37"/>
        <location line="+146"/>
        <source>Sin foto</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location line="-146"/>
        <location line="+146"/>
        <source>Sin firma</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>Tomar foto…</source>
        <translation>Take photo…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Desde archivo…</source>
        <translation>From file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Firmar…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>DD/MM/AAAA</source>
        <translation>DD/MM/YYYY</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>latitud longitud</source>
        <translation>latitude longitude</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>formato: 20.6736 -103.344</source>
        <translation>format: 20.6736 -103.344</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hoy</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Calendario…</source>
        <translation>Calendar…</translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <location line="+143"/>
        <source>Ya no aplica: el punto ahora cumple.</source>
        <translation>No longer applies: the item now complies.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Qué debe corregirse</source>
        <translation>What must be corrected</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Quitar</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Corregir a más tardar:</source>
        <translation>Correct by:</translation>
    </message>
</context>
<context>
    <name>FollowupDialog</name>
    <message>
        <location filename="../../desktop/ui/complaint_dialogs.py" line="+262"/>
        <source>Seguimiento de denuncia</source>
        <translation>Complaint follow-up</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Consultar</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Folio:</source>
        <translation>Folio:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clave de seguimiento:</source>
        <translation>Follow-up code:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cerrar</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sin resultados</source>
        <translation>No results</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No encontramos una denuncia con ese folio y esa clave. Revise ambos.</source>
        <translation>No complaint matches that folio and code. Check both.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Estado: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>La Contraloría aún no publica una respuesta para esta denuncia.</source>
        <translation>The Comptroller&apos;s office has not published a response to this complaint yet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Espere un momento</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <location filename="../../desktop/ui/kiosk_screens.py" line="-350"/>
        <source>Verifica y Califica</source>
        <translation>Verify and Rate</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Acerque la credencial del inspector a la cámara</source>
        <translation>Hold the inspector&apos;s badge up to the camera</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Administración</source>
        <translation>Administration</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="+84"/>
        <location line="+65"/>
        <source>Importar expedientes</source>
        <translation>Import cases</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Elija un archivo CSV o XLSX</source>
        <translation>Choose a CSV or XLSX file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Elegir archivo…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Columnas del archivo para cada campo</source>
        <translation>File column for each field</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(no importar)</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Validar</source>
        <translation>&amp;Validate</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Importar</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cerrar</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Hojas de cálculo (*.csv *.xlsx)</source>
        <translation>Spreadsheets (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Leyendo el archivo…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Importando expedientes…</source>
        <translation>Importing cases…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{name}: {n} filas con datos; encabezados en la fila {h}.</source>
        <translation>{name}: {n} rows with data; headers in row {h}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Revise el mapeo de columnas y pulse «Validar». No se escribe nada todavía.</source>
        <translation>Check the column mapping and press “Validate”. Nothing is written yet.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Todo correcto: {n} filas listas para importar. Pulse «Importar».</source>
        <translation>All correct: {n} rows ready to import. Press “Import”.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filas rechazadas: {rows}; problemas: {n}. No se importará nada hasta corregirlos en el archivo.</source>
        <translation>Rows refused: {rows}; problems: {n}. Nothing will be imported until they are fixed in the file.</translation>
    </message>
</context>
<context>
    <name>InspectionForm</name>
    <message>
        <location filename="../../desktop/ui/inspection_form.py" line="+183"/>
        <source>Cargando…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>No se pudo abrir la inspección.</source>
        <translation>The inspection could not be opened.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Aún no se ha iniciado la captura de esta inspección (es de %1).</source>
        <translation>Capture of this inspection has not started yet (it belongs to %1).</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Inspección sin expediente</source>
        <translation>Inspection without a case</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 · versión %2</source>
        <translation>%1 · version %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cerrada</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Borrador</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>← Volver a mis inspecciones</source>
        <translation>← Back to my inspections</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Siguiente pendiente (Ctrl+Enter)</source>
        <translation>Next pending (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Corregir (enmienda)…</source>
        <translation>Correct (amendment)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Acta PDF…</source>
        <translation>Record PDF…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Solo lectura: esta inspección es de %1.</source>
        <translation>Read-only: this inspection belongs to %1.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Acta cerrada el %1 · Resultado: %2.</source>
        <translation>Record closed on %1 · Result: %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>El expediente está en «%1».</source>
        <translation>The case is in “%1”.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Corrección: %1: «%2» → «%3» (%4)</source>
        <translation>Correction: %1: “%2” → “%3” (%4)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Hallazgos y plazos para corregir</source>
        <translation>Findings and deadlines to correct them</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ningún punto incumplido hasta ahora.</source>
        <translation>No failed items so far.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Agregar hallazgo</source>
        <translation>Add finding</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cumple</source>
        <translation>Complies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cumple con observaciones</source>
        <translation>Complies with observations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No cumple</source>
        <translation>Does not comply</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Resultado y cierre</source>
        <translation>Result and closing</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cerrar acta…</source>
        <translation>Close record…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Puntos: %1 de %2 · incumplidos: %3</source>
        <translation>Points: %1 of %2 · failed: %3</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Escriba la fecha como DD/MM/AAAA, p. ej. 04/03/2025.</source>
        <translation>Type the date as DD/MM/YYYY, e.g. 04/03/2025.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Guardando…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Guardado ✓ %1</source>
        <translation>Saved ✓ %1</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+44"/>
        <source>No se guardó</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location line="-141"/>
        <source>Respuesta obligatoria</source>
        <translation>Answer required</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>La base de datos está ocupada por otro programa. Lo escrito sigue en pantalla y se guardará al intentarlo de nuevo.</source>
        <translation>The database is busy with another program. What you entered is still on screen and will be saved when you try again.</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>«%1» ya tiene una foto. ¿Reemplazarla por una nueva?</source>
        <translation>“%1” already has a photo. Replace it with a new one?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>«%1» ya está firmada. ¿Firmar de nuevo y reemplazar la firma?</source>
        <translation>“%1” is already signed. Sign again and replace the signature?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Confirmar</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sí</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>Hallazgo adicional</source>
        <translation>Additional finding</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>Faltan respuestas obligatorias: %1.</source>
        <translation>Required answers are missing: %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Falta describir el hallazgo de: %1.</source>
        <translation>The finding is not described for: %1.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Todavía no se puede cerrar el acta.</source>
        <translation>The record cannot be closed yet.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>El expediente %1 pasará a «%2» y luego a «%3».</source>
        <translation>Case %1 will move to “%2” and then to “%3”.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>El expediente %1 se queda en «%2».</source>
        <translation>Case %1 stays in “%2”.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>hallazgos</source>
        <translation>findings</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No se guardó: %1. Vuelva a intentarlo (Enter en la respuesta) antes de cerrar.</source>
        <translation>Not saved: %1. Try again (Enter in the answer) before closing.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Se cerrará el acta con resultado «%1». Después ya no podrá modificarse; cualquier corrección quedará registrada como enmienda.</source>
        <translation>The record will be closed with the result “%1”. After that it cannot be changed; any correction will be recorded as an amendment.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>¿Cerrar el acta?</source>
        <translation>Close the record?</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>(vacío)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Guardar acta en PDF</source>
        <translation>Save record as PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Documentos PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Acta guardada en %1</source>
        <translation>Record saved to %1</translation>
    </message>
</context>
<context>
    <name>InspectionsView</name>
    <message>
        <location filename="../../desktop/ui/inspections_view.py" line="+92"/>
        <source>Mis inspecciones</source>
        <translation>My inspections</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inspecciones programadas</source>
        <translation>Scheduled inspections</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+38"/>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Todos</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Abrir inspección</source>
        <translation>Open inspection</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Actualizar</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No tiene inspecciones programadas para hoy ni los próximos 7 días.</source>
        <translation>You have no inspections scheduled for today or the next 7 days.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Día</source>
        <translation>Day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Establecimiento</source>
        <translation>Business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domicilio</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sincronización</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Su usuario no está vinculado a ningún inspector del padrón; pida a su supervisor que lo vincule para ver sus visitas.</source>
        <translation>Your account is not linked to any inspector on the registry; ask your supervisor to link it to see your visits.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Vencida · %1</source>
        <translation>Overdue · %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hoy</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mañana</source>
        <translation>Tomorrow</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cerrada: %1</source>
        <translation>Closed: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>En captura (1 respuesta)</source>
        <translation>In progress (1 answer)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En captura (%1 respuestas)</source>
        <translation>In progress (%1 answers)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pendiente</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cumple</source>
        <translation>Complies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cumple con observaciones</source>
        <translation>Complies with observations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No cumple</source>
        <translation>Does not comply</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sin sincronizar</source>
        <translation>Not synced</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sincronizada</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Capturada en este equipo y aún no enviada al servidor.</source>
        <translation>Captured on this device and not yet sent to the server.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 visitas · %2 vencidas · %3 sin sincronizar</source>
        <translation>%1 visits · %2 overdue · %3 not synced</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Se reabrió la inspección en curso; todo lo capturado sigue guardado.</source>
        <translation>The inspection in progress was reopened; everything captured is still saved.</translation>
    </message>
</context>
<context>
    <name>InspectorDialog</name>
    <message>
        <location filename="../../desktop/ui/registry_view.py" line="+75"/>
        <source>Editar inspector</source>
        <translation>Edit inspector</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Agregar inspector</source>
        <translation>Add inspector</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Motivo del cambio</source>
        <translation>Reason for the change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elegir fotografía…</source>
        <translation>Choose photo…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nombre completo:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dependencia:</source>
        <translation>Department:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cargo:</source>
        <translation>Position:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vigente desde:</source>
        <translation>Valid from:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vigente hasta:</source>
        <translation>Valid until:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fotografía:</source>
        <translation>Photo:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Motivo:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Fotografía del inspector</source>
        <translation>Inspector&apos;s photo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Imágenes (*.jpg *.jpeg *.png)</source>
        <translation>Images (*.jpg *.jpeg *.png)</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../desktop/ui/complaint_dialogs.py" line="-218"/>
        <source>Nueva denuncia</source>
        <translation>New complaint</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>¿Qué ocurrió?</source>
        <translation>What happened?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fecha conocida</source>
        <translation>Date known</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Calle, colonia o establecimiento</source>
        <translation>Street, neighbourhood or business</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>(ninguno)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Agregar evidencia…</source>
        <translation>Add evidence…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Denuncia anónima</source>
        <translation>Anonymous complaint</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Datos de contacto (sólo los verá quien investigue)</source>
        <translation>Contact details (only the investigator will see them)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nombre:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teléfono:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correo:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tipo:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recibida por:</source>
        <translation>Received by:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qué ocurrió:</source>
        <translation>What happened:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cuándo:</source>
        <translation>When:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dónde:</source>
        <translation>Where:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspector:</source>
        <translation>Inspector:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Establecimiento:</source>
        <translation>Business:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidencia:</source>
        <translation>Evidence:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Registrar denuncia</source>
        <translation>File complaint</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Evidencia</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fotos y documentos (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../desktop/ui/kiosk.py" line="+99"/>
        <source>Verifica y Califica</source>
        <translation>Verify and Rate</translation>
    </message>
    <message>
        <location line="+149"/>
        <source>Este equipo aún no tiene el padrón de inspectores</source>
        <translation>This device does not have the inspector registry yet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Padrón actualizado hace 1 día</source>
        <translation>Registry updated 1 day ago</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Padrón actualizado hace %1 días</source>
        <translation>Registry updated %1 days ago</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Padrón actualizado hace 1 hora</source>
        <translation>Registry updated 1 hour ago</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Padrón actualizado hace %1 horas</source>
        <translation>Registry updated %1 hours ago</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Cámara desconectada: %1</source>
        <translation>Camera disconnected: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>¡Gracias por calificar!</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Su opinión ayuda a mejorar el servicio.</source>
        <translation>Your opinion helps improve the service.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>NIP incorrecto.</source>
        <translation>Wrong PIN.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/ui/login.py" line="+108"/>
        <source>Verifica — Iniciar sesión</source>
        <translation>Verifica — Sign in</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verifica</source>
        <translation>Verifica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Protección Civil y Contraloría Municipal</source>
        <translation>Municipal Civil Protection and Comptroller&apos;s Office</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Entrar</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Salir</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Carpeta de datos: {folder}</source>
        <translation>Data folder: {folder}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Abriendo la carpeta de datos…</source>
        <translation>Opening the data folder…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nombre de usuario</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+19"/>
        <source>Contraseña</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+68"/>
        <source>&amp;Usuario:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <location line="-67"/>
        <location line="+68"/>
        <source>&amp;Contraseña:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Carpeta de demostración: cuentas de prueba</source>
        <translation>Demo folder: test accounts</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Los datos de esta carpeta son ficticios. Haga clic en una cuenta para llenar los campos, o doble clic para entrar.</source>
        <translation>The data in this folder is fictitious. Click an account to fill in the fields, or double-click to sign in.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Usuario</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rol</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Esta carpeta de datos todavía no tiene usuarios. Cree la cuenta de administración; con ella podrá dar de alta al resto del personal.</source>
        <translation>This data folder has no users yet. Create the administrator account; with it you can add the rest of the staff.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nombre y apellidos</source>
        <translation>First and last names</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Por ejemplo: mlopez</source>
        <translation>For example: mlopez</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Al menos {n} caracteres</source>
        <translation>At least {n} characters</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Nombre completo:</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>C&amp;onfirmar contraseña:</source>
        <translation>C&amp;onfirm password:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Crear y entrar</source>
        <translation>Create and sign in</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Escriba su usuario y su contraseña.</source>
        <translation>Type your user name and your password.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verificando…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Llene el nombre, el usuario y la contraseña.</source>
        <translation>Fill in the name, the user name and the password.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Las contraseñas no coinciden. Escríbalas de nuevo.</source>
        <translation>The passwords do not match. Type them again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Creando la cuenta…</source>
        <translation>Creating the account…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="+92"/>
        <location line="+41"/>
        <source>Verifica</source>
        <translation>Verifica</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Secciones</source>
        <translation>Sections</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Protección Civil y Contraloría</source>
        <translation>Civil Protection and Comptroller&apos;s Office</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cuenta de quiosco</source>
        <translation>Kiosk account</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Esta cuenta es para un quiosco de verificación de credenciales. El modo quiosco llegará junto con las credenciales y el quiosco; mientras tanto no hay secciones que mostrar aquí. Gracias por su paciencia.</source>
        <translation>This account is for a badge verification kiosk. Kiosk mode will arrive with the badge and kiosk work; until then there are no sections to show here. Thank you for your patience.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&amp;Archivo</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Salir</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sincronizar &amp;ahora</source>
        <translation>S&amp;ync now</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Ver</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Buscar expedientes</source>
        <translation>&amp;Search cases</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Ay&amp;uda</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Acerca de Verifica</source>
        <translation>&amp;About Verifica</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Datos: {folder}</source>
        <translation>Data: {folder}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Datos de demostración</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Nunca sincronizado</source>
        <translation>Never synchronized</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Última sincronización: {when}</source>
        <translation>Last synchronized: {when}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;h3&gt;Verifica&lt;/h3&gt;&lt;p&gt;Expedientes, inspecciones y verificación de credenciales para Protección Civil y Contraloría.&lt;/p&gt;&lt;p&gt;Versión: {version}&lt;br&gt;Versión del esquema de datos: {schema}&lt;br&gt;Carpeta de datos: {folder}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Verifica&lt;/h3&gt;&lt;p&gt;Cases, inspections and badge verification for Civil Protection and the Comptroller&apos;s Office.&lt;/p&gt;&lt;p&gt;Version: {version}&lt;br&gt;Data schema version: {schema}&lt;br&gt;Data folder: {folder}&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Acerca de Verifica</source>
        <translation>About Verifica</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Pendientes: {n}</source>
        <translation>Pending: {n}</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../../desktop/ui/kiosk_screens.py" line="+418"/>
        <source>Terminar</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>PhotoCaptureDialog</name>
    <message>
        <location filename="../../desktop/ui/photo_capture.py" line="+75"/>
        <source>Tomar foto</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Foto</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Tomar foto</source>
        <translation>&amp;Take photo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Desde archivo…</source>
        <translation>&amp;From file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No hay cámara configurada en este equipo. Puede elegir una foto desde un archivo.</source>
        <translation>No camera is configured on this computer. You can choose a photo from a file.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Conectando con la cámara…</source>
        <translation>Connecting to the camera…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Encuadre y pulse «Tomar foto» (Enter).</source>
        <translation>Frame the shot and press “Take photo” (Enter).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>La cámara no responde: %1 Puede elegir una foto desde un archivo.</source>
        <translation>The camera does not respond: %1 You can choose a photo from a file.</translation>
    </message>
    <message>
        <location line="-28"/>
        <location line="+30"/>
        <source>Sin cámara</source>
        <translation>No camera</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Todavía no llega imagen de la cámara; intente de nuevo.</source>
        <translation>No picture from the camera yet; try again.</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../../desktop/ui/kiosk_screens.py" line="-228"/>
        <source>Rapidez</source>
        <translation>Speed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atención</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Servicio</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comentario (opcional)</source>
        <translation>Comment (optional)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enviar calificación</source>
        <translation>Send rating</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Califica el servicio</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Toque de 1 a 5 estrellas en cada renglón.</source>
        <translation>Tap 1 to 5 stars on each row.</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../desktop/ui/complaint_dialogs.py" line="+41"/>
        <source>Comprobante de denuncia</source>
        <translation>Complaint receipt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Denuncia registrada</source>
        <translation>Complaint filed</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Entregue o dicte estos datos a quien denuncia. La clave de seguimiento no se guarda ni se volverá a mostrar: con el folio y la clave podrá consultar el estado y la respuesta de la Contraloría.</source>
        <translation>Give or read these to the complainant. The follow-up code is not stored and will not be shown again: with the folio and the code they can see the status and the Comptroller&apos;s response.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ya lo anoté</source>
        <translation>Written down</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Folio:</source>
        <translation>Folio:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clave de seguimiento:</source>
        <translation>Follow-up code:</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../desktop/ui/kiosk_screens.py" line="+165"/>
        <source>Terminar</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Denuncia recibida</source>
        <translation>Complaint received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folio de su denuncia:</source>
        <translation>Your complaint folio:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Código de seguimiento (secreto):</source>
        <translation>Follow-up code (secret):</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Anote o fotografíe estos datos ahora: el código no se volverá a mostrar. Con el folio y el código puede consultar su denuncia.</source>
        <translation>Write these down or take a photo now: the code will not be shown again. With the folio and the code you can check on your complaint.</translation>
    </message>
</context>
<context>
    <name>RegistryView</name>
    <message>
        <location filename="../../desktop/ui/registry_view.py" line="+89"/>
        <source>Padrón de inspectores</source>
        <translation>Inspector registry</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nombre</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dependencia</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cargo</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vigencia</source>
        <translation>Validity</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Agregar…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Editar…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspender…</source>
        <translation>Suspend…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reactivar…</source>
        <translation>Reactivate…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dar de baja…</source>
        <translation>Retire…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emitir credencial…</source>
        <translation>Issue badge…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Sólo un administrador o un supervisor puede modificar el padrón.</source>
        <translation>Only an administrator or a supervisor may change the registry.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Activo</source>
        <translation>Active</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspendido</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baja</source>
        <translation>Retired</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Suspender inspector</source>
        <translation>Suspend inspector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reactivar inspector</source>
        <translation>Reactivate inspector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dar de baja al inspector</source>
        <translation>Retire inspector</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>¿Por qué? (queda en el registro de auditoría) — %1</source>
        <translation>Why? (kept in the audit log) — %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Guardar credencial</source>
        <translation>Save badge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../desktop/ui/review_mode.py" line="+81"/>
        <source>Modo revisión</source>
        <extracomment>One key per frequent decision.</extracomment>
        <translation>Review mode</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Fin de la cola: no hay más expedientes.</source>
        <translation>End of the queue: no more cases.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Desde «{src}» no se puede pasar a «{dst}».</source>
        <translation>A case cannot move from “{src}” to “{dst}”.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>J/→ siguiente   K/← anterior   Enter detalle   Esc salir
{decisions}</source>
        <translation>J/→ next   K/← previous   Enter detail   Esc leave
{decisions}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Expediente {i} de {total}</source>
        <translation>Case {i} of {total}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Titular: {v}</source>
        <translation>Owner: {v}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domicilio: {v}, {c}</source>
        <translation>Address: {v}, {c}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Giro: {code} {desc} · riesgo {risk}</source>
        <translation>Activity: {code} {desc} · risk {risk}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Asignado a: {v}</source>
        <translation>Assigned to: {v}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sin asignar</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faltan: {v}</source>
        <translation>Missing: {v}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Documentos obligatorios completos.</source>
        <translation>Mandatory documents complete.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Último cambio: {when} {who} {why}</source>
        <translation>Last change: {when} {who} {why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sistema</source>
        <translation>System</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Decisiones posibles: {keys}</source>
        <translation>Possible decisions: {keys}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Este expediente está en un estado final.</source>
        <translation>This case is in a final state.</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <location filename="../../desktop/ui/bulk_dialogs.py" line="+17"/>
        <source>Programar inspecciones</source>
        <translation>Schedule inspections</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>al</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Del:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Visitas por día</source>
        <translation>Visits per day</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Inspectores:</source>
        <translation>Inspectors:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vista previa</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Programar</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>{n} expedientes no se pueden programar; no se programará nada:</source>
        <translation>{n} cases cannot be scheduled; nothing will be scheduled:</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Programando inspecciones…</source>
        <translation>Scheduling inspections…</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../desktop/ui/signature_pad.py" line="+198"/>
        <source>Firme dentro del recuadro con el ratón, el lápiz o el dedo.</source>
        <translation>Sign inside the box with the mouse, a pen or your finger.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(nombre no capturado)</source>
        <translation>(name not entered)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Borrar</source>
        <translation>&amp;Clear</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Aceptar firma</source>
        <translation>&amp;Accept signature</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>El recuadro está vacío: firme antes de aceptar.</source>
        <translation>The box is empty: sign before accepting.</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <location filename="../../desktop/ui/bulk_dialogs.py" line="-190"/>
        <source>Cambiar estado</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Obligatorio para requiere documentos, observaciones, rechazo y cancelación</source>
        <translation>Required for missing documents, observations, rejection and cancellation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Nuevo estado:</source>
        <translation>&amp;New status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Motivo:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cambiando estado…</source>
        <translation>Changing status…</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/ui/sync_controller.py" line="+57"/>
        <source>Sin sesión de sincronización</source>
        <extracomment>States shown in the status bar and on the Sincronización screen.</extracomment>
        <translation>Not signed in to sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sincronización en espera</source>
        <translation>Sync idle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sincronizando…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En línea</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sin conexión</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acceso del equipo revocado</source>
        <translation>Device access revoked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error de sincronización</source>
        <translation>Sync error</translation>
    </message>
    <message>
        <location line="+149"/>
        <source>Cancelando…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Preparando…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Inicie sesión en el servidor para sincronizar.</source>
        <translation>Sign in to the server to sync.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Reuniendo cambios pendientes…</source>
        <translation>Collecting pending changes…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Enviando {n} cambios…</source>
        <translation>Sending {n} changes…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Descargando el padrón…</source>
        <translation>Downloading the registry…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Descargando cambios del servidor…</source>
        <translation>Downloading changes from the server…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Guardando {n} registros recibidos…</source>
        <translation>Saving {n} received records…</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Sincronizado: {sent} enviados, {received} recibidos, {pending} pendientes, {refused} rechazados, {conflicts} conflictos.</source>
        <translation>Synced: {sent} sent, {received} received, {pending} pending, {refused} refused, {conflicts} conflicts.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Sincronización cancelada. Los cambios siguen pendientes.</source>
        <translation>Sync cancelled. Changes stay pending.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>El servidor ya no acepta este equipo (acceso revocado o sesión vencida). La sincronización se detuvo; los cambios pendientes se conservan. Inicie sesión de nuevo.</source>
        <translation>The server no longer accepts this device (access revoked or session expired). Sync has stopped; pending changes are kept. Sign in again.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sin conexión con el servidor. Los cambios siguen pendientes.</source>
        <translation>No connection to the server. Changes stay pending.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>La sincronización falló por un error interno; los datos se conservan.</source>
        <translation>Sync failed because of an internal error; the data is kept.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Sesión iniciada. Puede sincronizar.</source>
        <translation>Signed in. You can sync now.</translation>
    </message>
</context>
<context>
    <name>SyncSignInDialog</name>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="-181"/>
        <source>Iniciar sesión en el servidor</source>
        <translation>Sign in to the server</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Este equipo se registra una sola vez en el servidor. La contraseña no se guarda: el servidor entrega una llave del equipo que se guarda en el llavero del sistema.</source>
        <translation>This device is enrolled on the server once. The password is not stored: the server hands out a device key that is kept in the system keyring.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Servidor:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usuario:</source>
        <translation>User:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contraseña:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Iniciar sesión</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Escriba la dirección del servidor (https://…) y su usuario.</source>
        <translation>Type the server address (https://…) and your user name.</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <location filename="../../desktop/ui/sync_view.py" line="+81"/>
        <source>Sincronización</source>
        <translation>Synchronization</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Servidor:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sesión:</source>
        <translation>Signed in as:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estado:</source>
        <translation>State:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Última sincronización correcta:</source>
        <translation>Last successful sync:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cambios pendientes:</source>
        <translation>Pending changes:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sincronizar ahora</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Mayús+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Iniciar sesión en el servidor…</source>
        <translation>Sign in to the server…</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+4"/>
        <location line="+8"/>
        <source>Registro</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="-12"/>
        <location line="+5"/>
        <source>Operación</source>
        <translation>Operation</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+6"/>
        <source>Fecha</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+15"/>
        <source>Identificador</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Motivo del servidor</source>
        <translation>Server’s reason</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Campos distintos</source>
        <translation>Differing fields</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detectado</source>
        <translation>Detected</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resolver conflicto…</source>
        <translation>Resolve conflict…</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>(ninguno)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>sin sesión</source>
        <translation>not signed in</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>nunca</source>
        <translation>never</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Este equipo no ha iniciado sesión en un servidor. Inicie sesión para enviar y recibir cambios.</source>
        <translation>This device has not signed in to a server. Sign in to send and receive changes.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Pendientes ({n})</source>
        <translation>Pending ({n})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rechazados ({n})</source>
        <translation>Refused ({n})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflictos ({n})</source>
        <translation>Conflicts ({n})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>alta</source>
        <translation>new</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cambio</source>
        <translation>change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>baja</source>
        <translation>deletion</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>La sincronización no está disponible aquí.</source>
        <translation>Sync is not available here.</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../desktop/ui/kiosk_screens.py" line="+68"/>
        <source>Borrar</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Salir del quiosco</source>
        <translation>Leave kiosk mode</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>NIP de administrador</source>
        <translation>Administrator PIN</translation>
    </message>
</context>
<context>
    <name>VerdictScreen</name>
    <message>
        <location line="-400"/>
        <source>Califica el servicio</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denunciar</source>
        <translation>Report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terminar</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>VÁLIDA</source>
        <translation>VALID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SUSPENDIDA O REVOCADA</source>
        <translation>SUSPENDED OR REVOKED</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VENCIDA</source>
        <translation>EXPIRED</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NO ES UNA CREDENCIAL DEL MUNICIPIO</source>
        <translation>NOT A MUNICIPAL BADGE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NO SE PUEDE CONFIRMAR</source>
        <translation>CANNOT CONFIRM</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Fotografía no disponible en este equipo</source>
        <translation>Photo not available on this device</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No confíe en esta credencial. Si alguien la presentó como inspector, puede denunciarlo aquí.</source>
        <translation>Do not trust this badge. If someone presented it as an inspector, you can report it here.</translation>
    </message>
</context>
<context>
    <name>_BulkDialog</name>
    <message>
        <location filename="../../desktop/ui/bulk_dialogs.py" line="-73"/>
        <source>{n} expedientes seleccionados.</source>
        <translation>{n} cases selected.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 expediente seleccionado.</source>
        <translation>1 case selected.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Aquí aparecerá el resultado.</source>
        <translation>The result will appear here.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Aplicar</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cerrar</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/app.py" line="+119"/>
        <source>Verifica no puede abrir la carpeta de datos</source>
        <translation>Verifica cannot open the data folder</translation>
    </message>
</context>
<context>
    <name>case_tasks</name>
    <message>
        <location filename="../../desktop/ui/case_tasks.py" line="+73"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>case_widgets</name>
    <message>
        <location filename="../../desktop/ui/case_widgets.py" line="+31"/>
        <source>¿Qué documentos faltan?</source>
        <translation>Which documents are missing?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>¿Qué se observó?</source>
        <translation>What was observed?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>¿Por qué se rechaza?</source>
        <translation>Why is it rejected?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>¿Por qué se cancela?</source>
        <translation>Why is it cancelled?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Motivo:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmar (Enter)</source>
        <translation>Confirm (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelar (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Recibido el {date}</source>
        <translation>Received on {date}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} días transcurridos</source>
        <translation>{n} days elapsed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>fecha límite {date}</source>
        <translation>due {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>plazo concluido</source>
        <translation>clock stopped</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sin plazo definido</source>
        <translation>no term defined</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>VENCIDO hace {n} días hábiles</source>
        <translation>OVERDUE by {n} business days</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} días hábiles restantes</source>
        <translation>{n} business days left</translation>
    </message>
</context>
<context>
    <name>complaints</name>
    <message>
        <location filename="../../desktop/ui/complaint_dialogs.py" line="-200"/>
        <source>Corrupción o soborno</source>
        <translation>Corruption or bribery</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maltrato</source>
        <translation>Mistreatment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspección irregular</source>
        <translation>Irregular inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Riesgo en un establecimiento</source>
        <translation>Risk at a business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Otro</source>
        <translation>Other</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recibida</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En investigación</source>
        <translation>Under investigation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Procedente</source>
        <translation>Upheld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Improcedente</source>
        <translation>Dismissed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turnada a otra autoridad</source>
        <translation>Referred to another authority</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Quiosco</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ventanilla</source>
        <translation>Front desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teléfono</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campo</source>
        <translation>Field</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../desktop/ui/labels.py" line="+23"/>
        <source>Recibido</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En revisión</source>
        <translation>Under review</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requiere documentos</source>
        <translation>Documents required</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspección programada</source>
        <translation>Inspection scheduled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspeccionado</source>
        <translation>Inspected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Con observaciones</source>
        <translation>With observations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aprobado</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emitido</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entregado</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rechazado</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelado</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Administración</source>
        <translation>Administration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisión</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capturista</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspección</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contraloría</source>
        <translation>Comptroller&apos;s Office</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quiosco</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Expedientes</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspecciones</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denuncias</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Padrón</source>
        <translation>Registry</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tablero</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sincronización</source>
        <translation>Synchronization</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../desktop/ui/messages.py" line="+29"/>
        <source>No se pudo completar</source>
        <translation>Could not complete</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ocurrió un error inesperado en Verifica. Sus datos están a salvo: lo que ya se guardó no se perdió.
El detalle quedó en el registro de la aplicación; si vuelve a ocurrir, avise a soporte técnico.</source>
        <translation>Verifica ran into an unexpected error. Your data is safe: nothing already saved was lost.
The details were written to the application log; if it happens again, tell technical support.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Error inesperado</source>
        <translation>Unexpected error</translation>
    </message>
</context>
<context>
    <name>photo_capture</name>
    <message>
        <location filename="../../desktop/ui/photo_capture.py" line="-106"/>
        <source>Elegir foto</source>
        <translation>Choose photo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fotos</source>
        <translation>Photos</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="-72"/>
        <source>Dependencia</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usuario</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Establecimiento</source>
        <translation>Business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Formato</source>
        <translation>Form</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credencial</source>
        <translation>Badge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expediente</source>
        <translation>Case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Historial de expediente</source>
        <translation>Case history</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verificación</source>
        <translation>Verification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denuncia</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspección</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calificación</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adjunto</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vínculo de adjunto</source>
        <translation>Attachment link</translation>
    </message>
</context>
</TS>
