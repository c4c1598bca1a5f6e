<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="es_MX">
<context>
    <name>CasesModel</name>
    <message>
        <location filename="../../desktop/ui/cases_model.py" line="+80"/>
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
        <source>Antigüedad (días)</source>
        <translation>Age (days)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asignado a</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location line="+130"/>
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
        <location filename="../../desktop/ui/cases_view.py" line="+86"/>
        <source>Expedientes</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Buscar por folio, establecimiento, propietario o domicilio (Ctrl+F)</source>
        <translation>Search by folio, business, owner or address (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Buscar expedientes</source>
        <translation>Search cases</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filtrar por estado</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+173"/>
        <source>Todos los estados</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>&amp;Estado:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <location line="+52"/>
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
        <location line="+50"/>
        <source>Todavía no hay expedientes en esta carpeta de datos.
La importación desde la hoja de cálculo llegará pronto.</source>
        <translation>There are no cases in this data folder yet.
Importing from the spreadsheet is coming soon.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ningún expediente coincide con la búsqueda o el estado elegido.
Pruebe con otras palabras o elija «Todos los estados».</source>
        <translation>No case matches the search or the chosen status.
Try other words or choose “All statuses”.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Todos los estados ({n})</source>
        <translation>All statuses ({n})</translation>
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
        <location line="+105"/>
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
        <location filename="../../desktop/ui/main_window.py" line="+106"/>
        <location line="+43"/>
        <source>Verifica</source>
        <translation>Verifica</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Secciones</source>
        <translation>Sections</translation>
    </message>
    <message>
        <location line="+36"/>
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
        <location line="+6"/>
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
        <location line="+32"/>
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
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location line="-228"/>
        <source>Esta sección llegará pronto: {what}</source>
        <translation>This section is coming soon: {what}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/app.py" line="+121"/>
        <source>Verifica no puede abrir la carpeta de datos</source>
        <translation>Verifica cannot open the data folder</translation>
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
    <message>
        <location line="+11"/>
        <source>consultar y dar seguimiento a los expedientes de anuencia, con búsqueda, filtros por estado y antigüedad, asignación e historial.</source>
        <translation>look up and follow permit cases, with search, filters by status and age, assignment and history.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>programar visitas y llenar el acta de inspección en campo, sin conexión, con la lista de verificación de Protección Civil, fotografías, firmas y resultado.</source>
        <translation>schedule visits and fill in the inspection report in the field, offline, with the Civil Protection checklist, photos, signatures and the result.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>recibir y dar seguimiento a denuncias y quejas ciudadanas, incluidas las anónimas. Solo la Contraloría las ve.</source>
        <translation>receive and follow up citizen complaints, anonymous ones included. Only the Comptroller&apos;s Office sees them.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>llevar el padrón de inspectores (altas, suspensiones y bajas) con su fotografía, y emitir credenciales con código QR verificable.</source>
        <translation>keep the inspector registry (registrations, suspensions and removals) with their photos, and issue badges with a verifiable QR code.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>indicadores semanales de expedientes recibidos y resueltos, el rezago pendiente y la fecha estimada para terminarlo, y las calificaciones del servicio.</source>
        <translation>weekly figures for cases received and resolved, the remaining backlog and the estimated date to clear it, and service ratings.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>enviar y recibir cambios con el servidor central cuando haya red, con avance visible y sin perder nada si la conexión se corta.</source>
        <translation>send and receive changes with the central server whenever there is a network, with visible progress and nothing lost if the connection drops.</translation>
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
</TS>
