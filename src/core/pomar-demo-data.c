/* pomar-demo-data.c: the vocabulary of the demo book (see pomar-demo-data.h).
 *
 * The name lists are long enough that a 10,000-account book finds distinct
 * company names without falling back on numbers: about 2,500 trade + name
 * pairs, 2,400 name + product pairs and as many surname pairs for Brazil, and
 * some 27,000 adjective + noun + industry triples for the rest of the world.
 */
#include "pomar-demo-data.h"

#define WORDS(name, ...)                                      \
  static const char * const name##_items[] = { __VA_ARGS__ }; \
  const PomarDemoWords name = { name##_items, G_N_ELEMENTS (name##_items) }

#define WORDS_ITEM(...)                                    \
  { (const char * const[]) { __VA_ARGS__ },                 \
    sizeof ((const char * const[]) { __VA_ARGS__ }) / sizeof (const char *) }

WORDS (pomar_demo_br_trades,
       "Padaria", "Construtora", "Ótica", "Transportadora", "Farmácia",
       "Distribuidora", "Clínica", "Escola", "Editora", "Imobiliária",
       "Agropecuária", "Metalúrgica", "Papelaria", "Livraria", "Academia",
       "Laboratório", "Cooperativa", "Gráfica", "Vidraçaria", "Marcenaria",
       "Confeitaria", "Pousada", "Consultoria", "Calçados", "Laticínios",
       "Autopeças", "Materiais de Construção", "Supermercado", "Hortifrúti",
       "Churrascaria", "Colégio", "Faculdade", "Hospital", "Odontologia",
       "Contabilidade", "Engenharia", "Têxtil", "Moinho", "Frigorífico",
       "Atacadista", "Cervejaria", "Torrefação", "Usina", "Viação");

WORDS (pomar_demo_br_fancy,
       "Estrela", "Horizonte", "Boa Vista", "Serra Azul", "São Jorge",
       "Aurora", "Primavera", "Bela Vista", "Ipê", "Jequitibá", "Araucária",
       "Cruzeiro", "Atlântico", "Pantanal", "Cerrado", "Sertão", "Guanabara",
       "Mantiqueira", "Sol Nascente", "Bom Jesus", "Santa Clara", "Santa Luzia",
       "Nova Era", "Vitória", "Triunfo", "Progresso", "União", "Ouro Verde",
       "Rio Claro", "Lagoa Santa", "Águia", "Beija-Flor", "Sabiá", "Tucano",
       "Jacarandá", "Piracema", "Maré Alta", "Brisa", "Imperial", "Capital",
       "Pioneira", "Ponte Alta", "Itapuã", "Caiçara", "Paineira", "Quilombo",
       "Canaã", "Esperança", "Harmonia", "Alvorada", "Tropical", "Litoral",
       "Planalto", "Vale Verde", "Monte Alegre", "Pedra Branca", "Cachoeira",
       "Acme", "Nordeste", "Pampa");

WORDS (pomar_demo_br_products,
       "Tintas", "Alimentos", "Máquinas", "Cosméticos", "Embalagens", "Móveis",
       "Plásticos", "Logística", "Engenharia", "Tecnologia", "Sistemas",
       "Seguros", "Saúde", "Educação", "Energia", "Agronegócios", "Bebidas",
       "Cafés", "Papéis", "Vidros", "Elétrica", "Telecom", "Pagamentos",
       "Turismo", "Transportes", "Construções", "Ferragens", "Química",
       "Farma", "Veículos", "Imóveis", "Investimentos", "Comunicação",
       "Sementes", "Fertilizantes", "Confecções", "Joias", "Brinquedos",
       "Informática", "Mineração");

WORDS (pomar_demo_br_legal, "Ltda", "Ltda", "Ltda", "S.A.", "ME", "EPP");

WORDS (pomar_demo_br_cities,
       "Campinas", "Curitiba", "Recife", "Salvador", "Fortaleza", "Manaus",
       "Belém", "Goiânia", "Florianópolis", "Vitória", "Natal", "Maceió",
       "João Pessoa", "Teresina", "São Luís", "Cuiabá", "Londrina", "Joinville",
       "Uberlândia", "Ribeirão Preto", "Sorocaba", "Santos", "Niterói",
       "Blumenau", "Maringá", "Caxias do Sul", "Pelotas", "Petrópolis",
       "Juiz de Fora", "Aracaju");

WORDS (pomar_demo_en_adjectives,
       "Blue", "Red", "Silver", "Golden", "Green", "Bright", "Clear", "Swift",
       "Iron", "Granite", "Maple", "Cedar", "Summit", "North", "South", "East",
       "West", "High", "Bold", "Quiet", "True", "Open", "Lucky", "Great",
       "Wild", "First", "Prime", "Crystal", "Copper", "Oak", "Sunny", "Little");

WORDS (pomar_demo_en_nouns,
       "Harbor", "River", "Peak", "Ridge", "Field", "Stone", "Bridge", "Lake",
       "Pine", "Fox", "Owl", "Falcon", "Bear", "Wolf", "Anchor", "Beacon",
       "Compass", "Lantern", "Arrow", "Orbit", "Signal", "Forge", "Mill",
       "Meadow", "Canyon", "Coast", "Bay", "Grove", "Hollow", "Wind");

WORDS (pomar_demo_en_industries,
       "Analytics", "Logistics", "Labs", "Software", "Systems", "Health",
       "Foods", "Media", "Partners", "Robotics", "Energy", "Capital",
       "Insurance", "Apparel", "Outfitters", "Studios", "Networks", "Security",
       "Biotech", "Learning", "Travel", "Freight", "Dynamics", "Works", "Data",
       "Cloud", "Payments", "Retail", "Brewing", "Motors");

WORDS (pomar_demo_en_legal, "Inc.", "Inc.", "LLC", "Ltd", "GmbH", "B.V.", "Pty Ltd");

WORDS (pomar_demo_en_cities,
       "Austin", "Denver", "Portland", "Boston", "Chicago", "Seattle",
       "Toronto", "Dublin", "Leeds", "Bristol", "Melbourne", "Auckland",
       "Munich", "Rotterdam", "Lisbon", "Madrid", "Phoenix", "Atlanta",
       "Vancouver", "Edinburgh");

WORDS (pomar_demo_br_first_female,
       "Ana", "Beatriz", "Camila", "Fernanda", "Juliana", "Letícia", "Mariana",
       "Patrícia", "Cláudia", "Mônica", "Luana", "Júlia", "Larissa", "Vitória",
       "Renata", "Tatiane", "Gabriela", "Aline", "Débora", "Priscila", "Lúcia",
       "Márcia", "Isabela", "Carolina", "Natália", "Bruna", "Raquel", "Simone");

WORDS (pomar_demo_br_first_male,
       "João", "André", "Antônio", "Bruno", "Carlos", "Diego", "Eduardo",
       "Fábio", "Gustavo", "Henrique", "Igor", "Lucas", "Marcelo", "Márcio",
       "Otávio", "Paulo", "Rafael", "Rogério", "Sérgio", "Thiago", "Vinícius",
       "Caio", "Leandro", "Mateus", "Felipe", "Rodrigo", "Júlio", "Davi");

WORDS (pomar_demo_br_surnames,
       "Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Carvalho",
       "Ferreira", "Rodrigues", "Almeida", "Costa", "Gomes", "Ribeiro",
       "Martins", "Araújo", "Barbosa", "Rocha", "Dias", "Nascimento", "Moreira",
       "Cardoso", "Teixeira", "Correia", "Mendes", "Freitas", "Pinto", "Moura",
       "Cavalcanti", "Monteiro", "Vieira", "Castro", "Azevedo", "Brandão",
       "Fonseca", "Sampaio", "Figueiredo", "Coelho", "Macedo", "Queiroz",
       "Siqueira", "Guimarães", "Conceição", "Magalhães", "Falcão", "Leão",
       "Simões", "Gonçalves", "Nogueira", "Peixoto", "Assunção");

WORDS (pomar_demo_en_first_names,
       "Emily", "James", "Olivia", "Michael", "Sophia", "David", "Emma",
       "Daniel", "Hannah", "Ryan", "Grace", "Ethan", "Chloe", "Noah", "Megan",
       "Liam", "Rachel", "Kevin", "Laura", "Brian", "Priya", "Wei", "Fatima",
       "Lukas", "Ingrid", "Mateo", "Aisha", "Tom", "Claire", "Omar");

WORDS (pomar_demo_en_surnames,
       "Miller", "Smith", "Johnson", "Brown", "Taylor", "Anderson", "Thomas",
       "Jackson", "White", "Harris", "Martin", "Clarke", "Lewis", "Walker",
       "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams",
       "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter",
       "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart",
       "Murphy", "Cook", "Rogers", "Chen", "Patel", "Nguyen", "Kowalski",
       "Schmidt", "Jansen", "O'Brien", "Hayes");

/* Indexed like the roles in pomar-demo.c: champion, decision maker, user,
 * billing. */
const PomarDemoWords pomar_demo_br_titles[4] = {
  WORDS_ITEM ("Gerente de Operações|Gerente de Operações",
              "Coordenador de Projetos|Coordenadora de Projetos",
              "Gerente de Produto|Gerente de Produto",
              "Head de Customer Experience|Head de Customer Experience",
              "Supervisor de Processos|Supervisora de Processos"),
  WORDS_ITEM ("Diretor Comercial|Diretora Comercial",
              "Diretor Financeiro|Diretora Financeira",
              "CEO|CEO",
              "Sócio-diretor|Sócia-diretora",
              "Gerente Geral|Gerente Geral",
              "Diretor de Tecnologia|Diretora de Tecnologia"),
  WORDS_ITEM ("Analista de Dados|Analista de Dados",
              "Assistente Administrativo|Assistente Administrativa",
              "Supervisor de Vendas|Supervisora de Vendas",
              "Analista de Marketing|Analista de Marketing",
              "Técnico de Suporte|Técnica de Suporte",
              "Vendedor|Vendedora"),
  WORDS_ITEM ("Analista Financeiro|Analista Financeira",
              "Contas a Pagar|Contas a Pagar",
              "Coordenador Financeiro|Coordenadora Financeira"),
};

const PomarDemoWords pomar_demo_en_titles[4] = {
  WORDS_ITEM ("Head of Operations", "Operations Manager", "Product Manager",
              "Customer Experience Lead", "Project Lead"),
  WORDS_ITEM ("VP of Operations", "Chief Financial Officer", "CEO",
              "Managing Director", "Director of Sales", "CTO"),
  WORDS_ITEM ("Data Analyst", "Sales Representative", "Support Specialist",
              "Marketing Coordinator", "Account Executive", "Office Manager"),
  WORDS_ITEM ("Accounts Payable", "Finance Coordinator", "Billing Specialist"),
};

const PomarDemoSubject pomar_demo_br_subjects[] = {
  { "Exportação para CSV falha", "incident" },
  { "Erro ao gerar o relatório mensal", "incident" },
  { "Como adicionar novos usuários?", "question" },
  { "Lentidão no painel principal", "problem" },
  { "Integração com o ERP parou de sincronizar", "incident" },
  { "Dúvida sobre a última fatura", "question" },
  { "Treinamento para a equipe nova", "task" },
  { "Não consigo redefinir minha senha", "incident" },
  { "Login via SSO não funciona", "incident" },
  { "Como configurar alertas por e-mail?", "question" },
  { "Dados duplicados após importação", "problem" },
  { "Pedido de aumento de licenças", "task" },
  { "Gráficos não carregam no Safari", "incident" },
  { "API retornando erro 500", "incident" },
  { "Webhook não dispara", "incident" },
  { "Trocar o responsável pela conta", "task" },
  { "Relatório com valores divergentes", "problem" },
  { "Como exportar os dados para o Excel?", "question" },
  { "Notificações chegando em duplicidade", "problem" },
  { "Permissões de acesso para gestores", "question" },
  { "Aplicativo móvel fecha sozinho", "incident" },
  { "Importação de planilha travada em 90%", "incident" },
  { "Solicitação de nota fiscal", "task" },
  { "Atualizar dados de cobrança", "task" },
  { "Usuário bloqueado após várias tentativas", "incident" },
  { "Dúvida sobre os limites do plano", "question" },
  { "Filtros do dashboard não ficam salvos", "problem" },
  { "Sincronização com o Google Agenda falhou", "incident" },
  { "Sugestão: campos personalizados", "task" },
  { "Relatórios demoram minutos para abrir", "problem" },
  { "Remover acesso de ex-funcionário", "task" },
  { "Fuso horário errado nas exportações agendadas", "problem" },
};
const guint pomar_demo_n_br_subjects = G_N_ELEMENTS (pomar_demo_br_subjects);

const PomarDemoSubject pomar_demo_en_subjects[] = {
  { "SSO login loop", "incident" },
  { "CSV export fails with large files", "incident" },
  { "How do I add new users?", "question" },
  { "Dashboard is very slow", "problem" },
  { "ERP integration stopped syncing", "incident" },
  { "Question about our latest invoice", "question" },
  { "Training session for new team members", "task" },
  { "Password reset email never arrives", "incident" },
  { "API returns 500 on bulk update", "incident" },
  { "Webhooks not firing", "incident" },
  { "Duplicate records after import", "problem" },
  { "Request to add more seats", "task" },
  { "Charts don't render in Safari", "incident" },
  { "Report totals don't match the export", "problem" },
  { "How to schedule a weekly report?", "question" },
  { "Change the account owner", "task" },
  { "Email notifications sent twice", "problem" },
  { "Role permissions for managers", "question" },
  { "Mobile app crashes on launch", "incident" },
  { "Spreadsheet import stuck at 90%", "incident" },
  { "Need a copy of the W-9", "task" },
  { "Update the billing contact", "task" },
  { "User locked out after failed logins", "incident" },
  { "What are the API rate limits?", "question" },
  { "Dashboard filters are not saved", "problem" },
  { "Google Calendar sync failed", "incident" },
  { "Feature request: custom fields", "task" },
  { "Reports take minutes to load", "problem" },
  { "Remove access for a former employee", "task" },
  { "Wrong time zone in scheduled exports", "problem" },
};
const guint pomar_demo_n_en_subjects = G_N_ELEMENTS (pomar_demo_en_subjects);

const PomarDemoWords pomar_demo_br_comments[5] = {
  WORDS_ITEM ("Suporte excelente, sempre respondem rápido.",
              "A ferramenta virou parte da nossa rotina.",
              "Os relatórios economizam horas da equipe toda semana.",
              "Atendimento muito atencioso, recomendo.",
              "Fácil de usar e a implantação foi tranquila.",
              "O time de sucesso do cliente faz toda a diferença.",
              "Conseguimos reduzir o retrabalho pela metade.",
              "Muito bom! A integração com o ERP funciona perfeitamente."),
  WORDS_ITEM ("Bom produto, mas ainda falta exportar para PDF.",
              "Atende bem, porém a interface poderia ser mais simples.",
              "Gostamos, mas o preço subiu bastante.",
              "Funciona, mas alguns relatórios são lentos.",
              "Razoável. O suporte demora um pouco nas sextas.",
              "Boa solução, só falta um aplicativo móvel melhor."),
  WORDS_ITEM ("Muitas falhas na sincronização nos últimos meses.",
              "O sistema ficou lento e ninguém resolve.",
              "O suporte demora dias para responder.",
              "Pagamos por recursos que não usamos.",
              "A equipe não conseguiu se adaptar à ferramenta.",
              "Perdemos dados numa importação e não tivemos retorno.",
              "Caro demais para o que entrega.",
              "Prometeram uma integração que nunca saiu."),
  WORDS_ITEM ("Resolveram no mesmo dia, obrigado!",
              "Atendimento muito educado e objetivo.",
              "Problema resolvido rapidamente.",
              "Explicação clara, consegui seguir sozinho."),
  WORDS_ITEM ("Tive que explicar o problema três vezes.",
              "Demorou uma semana para resolver.",
              "A solução foi só um paliativo.",
              "Fecharam o chamado sem resolver."),
};

const PomarDemoWords pomar_demo_en_comments[5] = {
  WORDS_ITEM ("Great support, always quick to answer.",
              "It has become part of our daily routine.",
              "The reports save the team hours every week.",
              "Easy to use and the rollout was painless.",
              "Our customer success manager is fantastic.",
              "We cut manual work in half.",
              "Love the dashboards, the whole team uses them.",
              "The integration with our ERP just works."),
  WORDS_ITEM ("Good product, but PDF export is still missing.",
              "Does the job, though the interface could be simpler.",
              "We like it, but the price went up a lot.",
              "Works fine, but some reports are slow.",
              "Decent. Support is slower on Fridays.",
              "Solid, but the mobile app needs work."),
  WORDS_ITEM ("Too many sync failures in the last few months.",
              "The app got slow and nobody fixes it.",
              "Support takes days to reply.",
              "We pay for features we never use.",
              "The team never really adopted the tool.",
              "We lost data in an import and never heard back.",
              "Expensive for what it does.",
              "The integration we were promised never shipped."),
  WORDS_ITEM ("Fixed the same day, thank you!",
              "Very friendly and to the point.",
              "The problem was solved quickly.",
              "Clear explanation, I could follow it on my own."),
  WORDS_ITEM ("I had to explain the problem three times.",
              "It took a week to fix.",
              "The fix was only a workaround.",
              "They closed the ticket without solving it."),
};

const PomarDemoWords pomar_demo_br_bodies[4] = {
  WORDS_ITEM ("{c} pediu ajuda para montar o relatório da diretoria.",
              "Conta saudável; a equipe usa os painéis todos os dias.",
              "Risco: o uso caiu nas últimas semanas, falar com {c}.",
              "{c} quer integrar com o ERP no próximo trimestre.",
              "Nova gestora na área de operações, agendar apresentação.",
              "Cliente elogiou o suporte no último chamado.",
              "{c} comentou que o orçamento do ano que vem está apertado."),
  WORDS_ITEM ("Reunião de kick-off com {c}: objetivos e cronograma.",
              "Revisão trimestral de resultados com {c}.",
              "Treinamento da equipe de vendas sobre os relatórios.",
              "Alinhamento das metas de sucesso com a diretoria.",
              "Reunião de renovação: apresentamos o resumo de valor."),
  WORDS_ITEM ("Enviei para {c} as gravações dos webinars do mês.",
              "Follow-up do chamado em aberto com {c}.",
              "Convite para o programa de clientes referência.",
              "Enviei o resumo da última reunião."),
  WORDS_ITEM ("Ligação rápida com {c} sobre a adoção dos painéis.",
              "{c} relatou lentidão; abri um chamado com o suporte.",
              "Conversa sobre expansão de licenças.",
              "Liguei para {c}, sem retorno; tentar de novo na semana que vem."),
};

const PomarDemoWords pomar_demo_en_bodies[4] = {
  WORDS_ITEM ("{c} asked for help building the board report.",
              "Healthy account; the team uses the dashboards every day.",
              "Risk: usage dropped in the last few weeks, talk to {c}.",
              "{c} wants to connect their ERP next quarter.",
              "A new head of operations joined, schedule an intro.",
              "The customer praised support on their last ticket.",
              "{c} mentioned next year's budget is tight."),
  WORDS_ITEM ("Kick-off with {c}: goals and timeline.",
              "Quarterly business review with {c}.",
              "Trained the sales team on reports.",
              "Agreed on success metrics with their leadership.",
              "Renewal meeting: walked through the value summary."),
  WORDS_ITEM ("Sent {c} this month's webinar recordings.",
              "Followed up with {c} on the open ticket.",
              "Invited them to the customer reference program.",
              "Sent the notes from our last meeting."),
  WORDS_ITEM ("Quick call with {c} about dashboard adoption.",
              "{c} reported slowness; opened a ticket with support.",
              "Talked about adding seats.",
              "Called {c}, no answer; try again next week."),
};

WORDS (pomar_demo_br_skip_reasons,
       "Feito na reunião de kick-off", "Cliente pediu para pular esta etapa",
       "Não se aplica a este plano", "Feito pelo time comercial");

WORDS (pomar_demo_en_skip_reasons,
       "Covered in the kick-off meeting", "The customer asked to skip it",
       "Not relevant for this plan", "Done by the sales team");
